import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Permission } from 'src/auth/permissions';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import { ForbiddenError } from 'src/common/errors/app.exception';
import { pageRequest, toPage } from 'src/common/pagination/pagination';
import { isDuplicateKeyError } from 'src/database/database-errors';
import { TransactionRunner } from 'src/database/transaction-runner';
import { requireTenant } from 'src/tenants/tenant-context';
import {
  BuiltinVariablesDto,
  CreateTemplateDto,
  ListTemplatesQueryDto,
  RequiredVariablesDto,
  TemplateDto,
  TemplateListDto,
  TemplateRecordDto,
  TemplateVariableDto,
  UpdateTemplateDto,
} from 'src/templates/dto/template.dto';
import { TemplateEntity, TemplateRecord, TemplateVariable } from 'src/templates/entities/template.entity';
import {
  auditTemplate,
  toTemplateDto,
  toTemplateSummary,
  toVariableDto,
} from 'src/templates/template.mapper';
import { checkTemplateBody } from 'src/templates/template-rules';
import { BUILTIN_VARIABLES, variablesUsedBy } from 'src/templates/template-variables';
import {
  InvalidTemplateError,
  SystemTemplateReadOnlyError,
  TemplateNameTakenError,
  TemplateNotFoundError,
} from 'src/templates/templates.errors';
import { TemplatesRepository } from 'src/templates/templates.repository';

/** Reading and managing templates: the system templates every tenant sees, and each tenant's custom ones. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly templates: TemplatesRepository,
    private readonly principals: PrincipalResolver,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(context: RequestContext, query: ListTemplatesQueryDto): Promise<TemplateListDto> {
    const page = pageRequest(query);
    const [rows, total] = await this.templates.listVisible(
      context.tenantId,
      { templateType: query.template_type },
      page,
    );
    return toPage(rows.map(toTemplateSummary), total, page);
  }

  async get(context: RequestContext, templateId: string): Promise<TemplateDto> {
    return toTemplateDto(await this.getVisible(context, templateId));
  }

  builtinVariables(): BuiltinVariablesDto {
    return {
      data: BUILTIN_VARIABLES.map((variable) => ({ ...variable, placeholder: `\${${variable.name}}` })),
    };
  }

  async requiredVariables(context: RequestContext, templateId: string): Promise<RequiredVariablesDto> {
    const template = await this.getVisible(context, templateId);
    return {
      template_id: template.id,
      template_name: template.name,
      required_variables: template.variables.filter((variable) => variable.required).map(toVariableDto),
      optional_variables: template.variables.filter((variable) => !variable.required).map(toVariableDto),
      builtin_variables: variablesUsedBy(template.records).builtin,
    };
  }

  async create(context: RequestContext, dto: CreateTemplateDto): Promise<TemplateDto> {
    await this.requireTenantPermission(context, 'templates:manage');
    const tenantId = requireTenant(context);
    const records = dto.records.map(toRecord);
    const variables = (dto.variables ?? []).map(toVariable);
    assertValidBody(records, variables);
    await this.assertNameFree(tenantId, dto.name);
    const saved = await this.saveUnique(dto.name, () =>
      this.transactions.run(async (manager) => {
        const row = await this.templates.save(
          this.templates.create({
            tenantId,
            tenantKey: tenantId,
            templateType: 'custom',
            systemKey: null,
            name: dto.name.trim(),
            description: dto.description ?? null,
            records,
            variables,
            createdBy: context.principal?.userId ?? context.principal?.apiKeyId ?? null,
          }),
          manager,
        );
        await this.audit.record(
          context,
          {
            action: 'template.create',
            resourceType: 'template',
            resourceId: row.id,
            resourceName: row.name,
            after: auditTemplate(row),
          },
          manager,
        );
        return row;
      }),
    );
    return toTemplateDto(saved);
  }

  async update(context: RequestContext, templateId: string, dto: UpdateTemplateDto): Promise<TemplateDto> {
    await this.requireTenantPermission(context, 'templates:manage');
    const template = await this.getWritable(context, templateId);
    const records = dto.records ? dto.records.map(toRecord) : template.records;
    const variables = dto.variables ? dto.variables.map(toVariable) : template.variables;
    assertValidBody(records, variables);
    const name = dto.name?.trim();
    if (name !== undefined && name.toLowerCase() !== template.name.toLowerCase()) {
      await this.assertNameFree(requireTenant(context), name);
    }
    const saved = await this.saveUnique(name ?? template.name, () =>
      this.transactions.run(async (manager) => {
        const before = auditTemplate(template);
        template.name = name ?? template.name;
        if (dto.description !== undefined) {
          template.description = dto.description;
        }
        template.records = records;
        template.variables = variables;
        const row = await this.templates.save(template, manager);
        await this.audit.record(
          context,
          {
            action: 'template.update',
            resourceType: 'template',
            resourceId: row.id,
            resourceName: row.name,
            before,
            after: auditTemplate(row),
          },
          manager,
        );
        return row;
      }),
    );
    return toTemplateDto(saved);
  }

  /** Zones still waiting to apply a deleted template get nothing (the failure is logged and audited at validation). */
  async remove(context: RequestContext, templateId: string): Promise<void> {
    await this.requireTenantPermission(context, 'templates:manage');
    const template = await this.getWritable(context, templateId);
    await this.transactions.run(async (manager) => {
      await this.templates.deleteCustom(requireTenant(context), template.id, manager);
      await this.audit.record(
        context,
        {
          action: 'template.delete',
          resourceType: 'template',
          resourceId: template.id,
          resourceName: template.name,
          before: auditTemplate(template),
        },
        manager,
      );
    });
  }

  /** A template the request's tenant can see (system or its own); anything else is a 404. */
  async getVisible(context: RequestContext, templateId: string): Promise<TemplateEntity> {
    const template = await this.templates.findVisible(context.tenantId, templateId);
    if (!template) {
      throw new TemplateNotFoundError();
    }
    return template;
  }

  private async getWritable(context: RequestContext, templateId: string): Promise<TemplateEntity> {
    const template = await this.getVisible(context, templateId);
    if (template.templateType === 'system' || template.tenantId === null) {
      throw new SystemTemplateReadOnlyError();
    }
    return template;
  }

  /**
   * Template management is a tenant-wide right: the guard lets through callers holding the permission on some zone
   * only, so it is checked again here without a zone.
   */
  private async requireTenantPermission(context: RequestContext, permission: Permission): Promise<void> {
    if (!(await this.principals.permissionsOf(context)).has(permission)) {
      throw new ForbiddenError(`Permission denied: requires ${permission}`);
    }
  }

  private async assertNameFree(tenantId: string, name: string): Promise<void> {
    if (await this.templates.findVisibleByName(tenantId, name.trim())) {
      throw new TemplateNameTakenError(name.trim());
    }
  }

  private async saveUnique(name: string, work: () => Promise<TemplateEntity>): Promise<TemplateEntity> {
    try {
      return await work();
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new TemplateNameTakenError(name);
      }
      throw error;
    }
  }
}

function assertValidBody(records: TemplateRecord[], variables: TemplateVariable[]): void {
  const errors = checkTemplateBody(records, variables);
  if (errors.length > 0) {
    throw new InvalidTemplateError(errors);
  }
}

function toRecord(dto: TemplateRecordDto): TemplateRecord {
  return { name: dto.name.trim(), type: dto.type, content: dto.content.trim(), ttl: dto.ttl ?? null };
}

function toVariable(dto: TemplateVariableDto): TemplateVariable {
  return {
    name: dto.name,
    description: dto.description ?? null,
    required: dto.required ?? true,
    default: dto.default ?? null,
  };
}
