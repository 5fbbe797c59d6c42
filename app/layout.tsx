import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { Toaster } from "sonner";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Prism", template: "%s · Prism" },
  description: "Chat with many AI models at once, fuse their answers, and see what every call costs.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// With the "system" theme the class is set before first paint, so there is no flash of the wrong theme.
const systemThemeScript = `(function(){try{if(window.matchMedia('(prefers-color-scheme: dark)').matches)document.documentElement.classList.add('dark')}catch(e){}})()`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html
      lang="en"
      className={theme === "dark" ? "dark" : undefined}
      data-theme={theme}
      suppressHydrationWarning
    >
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script, no user input */}
        {theme === "system" ? <script dangerouslySetInnerHTML={{ __html: systemThemeScript }} /> : null}
      </head>
      <body className="min-h-dvh">
        {children}
        <Toaster richColors closeButton position="top-right" />
      </body>
    </html>
  );
}
