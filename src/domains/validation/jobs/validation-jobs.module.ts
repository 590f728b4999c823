import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainsModule } from 'src/domains/domains.module';
import { DomainValidationsRepository } from 'src/domains/validation/domain-validations.repository';
import { DomainValidationEntity } from 'src/domains/validation/entities/domain-validation.entity';
import { ValidationRecheckProcessor } from 'src/domains/validation/jobs/validation-recheck.processor';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';

/** The validation queue's processor. Worker only: the API adds these jobs through ValidationJobsProducer. */
@Module({
  imports: [DomainsModule, ZoneStoreModule, TypeOrmModule.forFeature([DomainValidationEntity])],
  providers: [ValidationRecheckProcessor, DomainValidationsRepository],
})
export class ValidationJobsModule {}
