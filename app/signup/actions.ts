"use server";
import { validatedAction } from "@/lib/actions";
import { signUpAndHandOff } from "@/lib/auth/signup-flow";
import { signupSchema } from "@/lib/auth/signup-schema";

export const signUp = validatedAction(signupSchema, signUpAndHandOff);
