import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from 'src/config/load-config';
import { buildDataSourceOptions } from 'src/database/typeorm-options';

/** Used by the TypeORM CLI (`npm run migration:*`) and by `scaidns migrate`. */
export default new DataSource(buildDataSourceOptions(loadConfig(process.env).database));
