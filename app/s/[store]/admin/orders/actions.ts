"use server";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import { reconcileStore } from "@/lib/orders/reconcile";

export const reconcileAction = storeAdminAction(z.object({}), (_input, { store }) => reconcileStore(store));
