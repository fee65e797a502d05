// Peer: the same authenticated, validated GET on NestJS: the Fastify HTTP
// adapter with a guard for the JWT and a ClientProxy over NATS to a Nest
// microservice (ROLE=service) with a @MessagePattern handler.
import 'reflect-metadata';
import { type CanActivate, Controller, type ExecutionContext, Get, Inject, Injectable, Module, Req, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ClientProxy, ClientsModule, MessagePattern, type MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { firstValueFrom } from 'rxjs';
import { balanceOf, type PeerUser, userOf, validateInput } from './common.js';

const nats = { servers: [process.env.NATS_URL!], queue: `nest-${process.env.NATS_NAMESPACE}` };
const PATTERN = `${process.env.NATS_NAMESPACE}.wallet.myBalance`;

@Injectable()
class JwtGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: PeerUser }>();
    const user = userOf(request.headers.authorization);
    if (!user) return false;
    request.user = user;
    return true;
  }
}

// Parameter decorators are applied as calls below (@Inject, @Req, @Payload): the repository's
// linter does not parse them in source, and what Nest records is the same.
@Controller('api/wallet')
class BalanceController {
  constructor(private readonly wallet: ClientProxy) {}

  @Get('balance')
  @UseGuards(JwtGuard)
  balance(request: { query: unknown; user: PeerUser }) {
    const input = validateInput(request.query);
    return firstValueFrom(this.wallet.send(PATTERN, { input, user: request.user }));
  }
}
Inject('WALLET')(BalanceController, undefined, 0);
Req()(BalanceController.prototype, 'balance', 0);

@Controller()
class WalletHandler {
  @MessagePattern(PATTERN)
  myBalance(message: { input: unknown; user: PeerUser }) {
    validateInput(message.input);
    return balanceOf(message.user.id);
  }
}
Payload()(WalletHandler.prototype, 'myBalance', 0);

@Module({
  imports: [ClientsModule.register([{ name: 'WALLET', transport: Transport.NATS, options: nats }])],
  controllers: [BalanceController],
  providers: [JwtGuard],
})
class GatewayModule {}

@Module({ controllers: [WalletHandler] })
class ServiceModule {}

if (process.env.ROLE === 'service') {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(ServiceModule, { transport: Transport.NATS, options: nats, logger: false });
  await app.listen();
} else {
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}
console.log('READY');
