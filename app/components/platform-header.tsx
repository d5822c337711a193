import Link from "next/link";

export function PlatformHeader({ signedIn }: { signedIn: boolean }) {
  return (
    <header className="bar">
      <Link className="brand" href="/">Storehost</Link>
      <nav>
        {signedIn ? <Link href="/dashboard">Your stores</Link> : <Link href="/login">Sign in</Link>}
        {!signedIn && <Link className="button" href="/signup">Start a store</Link>}
      </nav>
    </header>
  );
}
