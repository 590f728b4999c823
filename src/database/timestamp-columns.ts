import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * Millisecond timestamps whose DDL default matches their precision; TypeORM's own default (CURRENT_TIMESTAMP(6) on a
 * datetime(3)) makes every migration:generate report a false difference.
 */
export function CreatedAt(name = 'created_at'): PropertyDecorator {
  return CreateDateColumn({ name, type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' });
}

export function UpdatedAt(name = 'updated_at'): PropertyDecorator {
  return UpdateDateColumn({
    name,
    type: 'datetime',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
    onUpdate: 'CURRENT_TIMESTAMP(3)',
  });
}
