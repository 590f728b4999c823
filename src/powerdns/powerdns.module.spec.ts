import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig } from 'src/config/app-config';
import { MetricsService } from 'src/metrics/metrics.service';
import { PowerDnsModule } from 'src/powerdns/powerdns.module';
import { PowerDnsService } from 'src/powerdns/powerdns.service';
import { RedisService } from 'src/redis/redis.service';
import { PdnsStubServer } from 'test/powerdns/pdns-stub-server';
import { powerDnsTestConfig } from 'test/powerdns/powerdns-test-config';

describe('PowerDnsModule', () => {
  it('should provide PowerDnsService from the global config, Redis and metrics providers', async () => {
    const stub = await PdnsStubServer.start();
    stub.handler = (_req, res) => PdnsStubServer.json(res, 200, { version: '4.7.3' });
    const config = powerDnsTestConfig({ apiUrl: stub.url });

    // Stand-ins for the app's global ConfigModule, RedisModule and MetricsModule.
    @Global()
    @Module({
      providers: [{ provide: AppConfig, useValue: config }, RedisService, MetricsService],
      exports: [AppConfig, RedisService, MetricsService],
    })
    class FoundationModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [FoundationModule, PowerDnsModule],
    }).compile();
    try {
      const service = moduleRef.get(PowerDnsService);
      expect(service).toBeInstanceOf(PowerDnsService);
      await expect(service.ping()).resolves.toEqual({ version: '4.7.3' });
      expect(stub.requests[0].headers['x-api-key']).toBe(config.pdns.apiKey);
    } finally {
      await moduleRef.close();
      await stub.close();
    }
  });
});
