import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { PageRequest } from 'src/common/pagination/pagination';
import { TemplateEntity, TemplateType } from 'src/templates/entities/template.entity';

export const SYSTEM_TENANT_KEY = 'system';

/**
 * Templates visible in a tenant are the system templates plus the tenant's own; every query is scoped that way,
 * so another tenant's template is simply not found.
 */
@Injectable()
export class TemplatesRepository {
  constructor(@InjectRepository(TemplateEntity) private readonly templates: Repository<TemplateEntity>) {}

  private repo(manager?: EntityManager): Repository<TemplateEntity> {
    return manager ? manager.getRepository(TemplateEntity) : this.templates;
  }

  findVisible(tenantId: string | null, id: string, manager?: EntityManager): Promise<TemplateEntity | null> {
    return this.repo(manager).findOne({
      where: [{ id, tenantId: IsNull() }, ...(tenantId ? [{ id, tenantId }] : [])],
    });
  }

  findVisibleByName(tenantId: string | null, name: string): Promise<TemplateEntity | null> {
    return this.templates.findOne({
      where: [{ name, tenantId: IsNull() }, ...(tenantId ? [{ name, tenantId }] : [])],
    });
  }

  /** System templates first, then the tenant's, each by name. */
  listVisible(
    tenantId: string | null,
    filter: { templateType?: TemplateType },
    page: PageRequest,
  ): Promise<[TemplateEntity[], number]> {
    const query = this.templates
      .createQueryBuilder('template')
      .where(
        tenantId
          ? '(template.tenant_id IS NULL OR template.tenant_id = :tenantId)'
          : 'template.tenant_id IS NULL',
        {
          tenantId,
        },
      )
      .orderBy('template.template_type', 'DESC')
      .addOrderBy('template.name', 'ASC')
      .skip(page.offset)
      .take(page.pageSize);
    if (filter.templateType) {
      query.andWhere('template.template_type = :type', { type: filter.templateType });
    }
    return query.getManyAndCount();
  }

  findSystemByKey(key: string): Promise<TemplateEntity | null> {
    return this.templates.findOneBy({ systemKey: key });
  }

  create(fields: Partial<TemplateEntity>): TemplateEntity {
    return this.templates.create(fields);
  }

  save(template: TemplateEntity, manager?: EntityManager): Promise<TemplateEntity> {
    return this.repo(manager).save(template);
  }

  async deleteCustom(tenantId: string, id: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ id, tenantId, templateType: 'custom' });
  }
}
