import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DnsLookupModule } from 'src/dns-lookup/dns-lookup.module';
import { DomainsController } from 'src/domains/domains.controller';
import { DomainsService } from 'src/domains/domains.service';
import { DomainValidationController } from 'src/domains/validation/domain-validation.controller';
import { DomainValidationService } from 'src/domains/validation/domain-validation.service';
import { DomainValidationsRepository } from 'src/domains/validation/domain-validations.repository';
import { DomainValidationEntity } from 'src/domains/validation/entities/domain-validation.entity';
import { ValidationJobsProducer } from 'src/domains/validation/jobs/validation-jobs.producer';
import { ZoneActivationHooks } from 'src/domains/validation/zone-activation.hooks';
import { JobsModule } from 'src/jobs/jobs.module';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';

/** The zone lifecycle: creation, ownership validation, activation, soft delete, restore, purge. */
@Module({
  imports: [TypeOrmModule.forFeature([DomainValidationEntity]), ZoneStoreModule, DnsLookupModule, JobsModule],
  controllers: [DomainsController, DomainValidationController],
  providers: [
    DomainsService,
    DomainValidationService,
    DomainValidationsRepository,
    ZoneActivationHooks,
    ValidationJobsProducer,
  ],
  exports: [DomainValidationService, ZoneActivationHooks],
})
export class DomainsModule {}
