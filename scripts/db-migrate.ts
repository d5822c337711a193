// npm run db:migrate — applies db/migrations to DATABASE_URL, or to the embedded PGlite.
import { closeDb, getDb } from "@/lib/db";
import { env } from "@/lib/env";

await getDb();
await closeDb();
console.log(`Migrations applied (${env.embeddedDatabase ? `PGlite in ${env.PGLITE_DATA_DIR}` : "Postgres"}).`);
