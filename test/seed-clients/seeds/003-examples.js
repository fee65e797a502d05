// Seed 003 (../shared/seeds/003_*.txt, "EXEMPLES D'INTÉGRATION"): its usage
// examples, copied unchanged. test/seed-003-js-client.test.ts runs each one
// against the platform; the only substitution it makes is the seed's
// `http://localhost:3000` for the test gateway's address.

// ---- 1. Frontend Vanilla JavaScript
export const vanilla = `
// Charger le client API
const api = new PaieCashFanAPIClient({
    baseURL: 'http://localhost:3000/api'
});

// Se connecter
const { token } = await api.login('user@example.com', 'password123');

// Récupérer le solde
const { balance } = await api.getWalletBalance();
console.log('Solde:', balance);

// Acheter un billet
const ticket = await api.purchaseTicket('event-1', 'premium', 89.99);
console.log('Billet acheté:', ticket);
`;

// ---- 2. Intégration avec les Widgets
export const widget = `
// Dans un widget (iframe)
async function handlePurchase() {
    const response = await fetch('http://localhost:3000/api/tickets/purchase', {
        method: 'POST',
        headers: {
            'Authorization': \`Bearer \${token}\`,
            'Content-Type': 'application/json'
        },
        body: JSON.stringify({
            eventId: '1',
            category: 'premium',
            price: 89.99
        })
    });
    
    const ticket = await response.json();
    
    // Notifier le parent
    window.parent.postMessage({
        type: 'TICKET_PURCHASED',
        data: ticket
    }, '*');
}
`;

// ---- 3. React/Vue/Angular: the statements of its component that reach the API
export const reactLoadBalance = `
    const api = new PaieCashFanAPIClient();

    const loadBalance = async () => {
            const { balance } = await api.getWalletBalance();
            setBalance(balance);
        };
`;

// ---- The client's method list ("Client API JavaScript"), with the seed's argument names
export const methodList = `
// Auth
await api.register(email, password, name, clubId);
await api.login(email, password);

// Wallet
await api.getWalletBalance();
await api.sendMoney(recipientId, amount);
await api.depositMoney(amount);

// eSIM
await api.getESIMPlans();
await api.activateESIM(planId);

// Shop
await api.getProducts(club, category);
await api.addToCart(productId, quantity);
await api.checkout(total);

// Tickets
await api.getEvents(club);
await api.purchaseTicket(eventId, category, price);
await api.getMyTickets();

// Social
await api.getConversations();
await api.sendMessage(conversationId, message);

// IA
await api.getAIRecommendations();
await api.getAIInsights();
await api.getAIPredictions();
`;
