// DOM building blocks for the demo's sections. Text always goes in through
// textContent, never innerHTML: API data (names, messages) cannot inject markup.

export const byId = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element;
};

/** el('button', { type: 'button', dataset: { planId } }, 'Activer'): attributes, dataset and children (text or nodes). */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key === 'onclick') element.addEventListener('click', value);
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, String(value));
  }
  element.append(...children.filter((child) => child !== undefined && child !== null));
  return element;
}

/** Runs `handler(fields)` on submit, with the form's fields as strings (empty ones left out); the submit button is disabled meanwhile. */
export function onSubmit(form, handler) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = {};
    for (const [name, value] of new FormData(form)) if (value !== '') fields[name] = value;
    const buttons = form.querySelectorAll('button[type=submit]');
    for (const button of buttons) button.disabled = true;
    try {
      await handler(fields, form);
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  });
}

/** A button that runs `handler` when clicked, disabled until it finishes (no double submits). */
export function onClick(button, handler) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await handler();
    } finally {
      button.disabled = false;
    }
  });
}

export function showImage(img, src) {
  img.src = src;
  img.hidden = false;
  img.closest('figure')?.removeAttribute('hidden');
}
