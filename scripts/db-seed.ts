// npm run db:seed — the demo store, once; re-running keeps existing data.
import { DEMO_OWNER_EMAIL, seedDemoStaff, seedDemoStore } from "@/db/seed-demo";
import { closeDb } from "@/lib/db";

const result = await seedDemoStore();
const staff = await seedDemoStaff();
await closeDb();
console.log(result.created ? "Demo store created." : "Demo store already exists; left as it is.");
if (result.password) console.log(`Demo owner: ${DEMO_OWNER_EMAIL} / ${result.password}`);
console.log(`Demo staff: ${staff.email} / ${staff.password}`);
