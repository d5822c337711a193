// 403 for signed-in users who are not members of the store they asked for.
export default function Forbidden() {
  return (
    <main>
      <h1>You don&apos;t have access to this store</h1>
      <p className="muted">You are signed in, but not as a member of this store. Sign in with the account that owns it.</p>
      <p>
        <a href="/admin/sign-in">Sign in with another account</a>
      </p>
    </main>
  );
}
