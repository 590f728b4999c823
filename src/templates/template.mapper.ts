import { TemplateDto, TemplateSummaryDto, TemplateVariableResponseDto } from 'src/templates/dto/template.dto';
import { TemplateEntity, TemplateVariable } from 'src/templates/entities/template.entity';

export function toTemplateSummary(template: TemplateEntity): TemplateSummaryDto {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    template_type: template.templateType,
    record_count: template.records.length,
    variable_count: template.variables.length,
    created_at: template.createdAt.toISOString(),
  };
}

export function toTemplateDto(template: TemplateEntity): TemplateDto {
  return {
    ...toTemplateSummary(template),
    tenant_id: template.tenantId,
    records: template.records.map((record) => ({
      name: record.name,
      type: record.type,
      content: record.content,
      ttl: record.ttl,
    })),
    variables: template.variables.map(toVariableDto),
    created_by: template.createdBy,
    updated_at: template.updatedAt.toISOString(),
  };
}

export function toVariableDto(variable: TemplateVariable): TemplateVariableResponseDto {
  return {
    name: variable.name,
    description: variable.description,
    required: variable.required,
    default: variable.default,
  };
}

/** What the audit log keeps of a template: its body, not its timestamps. */
export function auditTemplate(template: TemplateEntity): Record<string, unknown> {
  return {
    name: template.name,
    description: template.description,
    records: template.records,
    variables: template.variables,
  };
}
