"use server";
import { staffAction } from "@/lib/actions";
import { reactivateStore, standingInput, suspendStore } from "@/lib/staff/store-standing";

export const suspendStoreAction = staffAction(standingInput, async (input, staff) => {
  await suspendStore(staff, input);
  return { message: "Store suspended. Its owner sees the reason; buyers see it as temporarily unavailable." };
});

export const reactivateStoreAction = staffAction(standingInput, async (input, staff) => {
  await reactivateStore(staff, input);
  return { message: "Store reactivated: it sells again." };
});
