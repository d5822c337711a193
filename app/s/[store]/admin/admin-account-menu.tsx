"use client";
import { LogOut, MonitorX, UserRound } from "lucide-react";
import { signOutEverywhereTo, signOutTo } from "@/app/components/sign-out-button";
import { Button } from "@/app/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/app/components/ui/dropdown-menu";

/** The signed-in member, "Sign out" and "Sign out of all devices" behind one button. */
export function AdminAccountMenu({ email, role }: { email: string; role: string }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" aria-label="Account">
          <UserRound aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel className="break-all">
          {email} ({role})
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOutTo("/admin/sign-in")}>
          <LogOut aria-hidden />
          Sign out
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => void signOutEverywhereTo("/admin/sign-in")}>
          <MonitorX aria-hidden />
          Sign out of all devices
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
