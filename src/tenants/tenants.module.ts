import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';
import { TenantsRepository } from 'src/tenants/tenants.repository';
import { TenantsService } from 'src/tenants/tenants.service';

@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity, PartnerEntity])],
  providers: [TenantsRepository, TenantsService],
  exports: [TenantsService, TenantsRepository],
})
export class TenantsModule {}
