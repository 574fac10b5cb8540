import { redirect } from "next/navigation";
import { getSessionPrincipal } from "@/lib/auth/session";
import { SignInForm } from "@/components/shell/sign-in-form";

export default async function SignInPage() {
  if (await getSessionPrincipal()) redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <SignInForm />
    </main>
  );
}
