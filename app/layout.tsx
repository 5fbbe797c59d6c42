import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import { Toaster } from "sonner";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import "./globals.css";

const description = "Chat with many AI models at once, fuse their answers, and see what every call costs.";

export const metadata: Metadata = {
  title: { default: "Prism", template: "%s · Prism" },
  description,
  // Social previews need absolute URLs: the instance's public address when it is configured.
  metadataBase: process.env.PRISM_PUBLIC_URL ? new URL(process.env.PRISM_PUBLIC_URL) : undefined,
  applicationName: "Prism",
  icons: {
    icon: [
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
    ],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180" }],
  },
  openGraph: {
    type: "website",
    siteName: "Prism",
    title: "Prism",
    description,
    images: [{ url: "/og-image.png", width: 1200, height: 630, alt: "Prism: one prompt, many models" }],
  },
  twitter: { card: "summary_large_image", images: ["/og-image.png"] },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1020" },
  ],
};

// With the "system" theme the class is set before first paint, so there is no flash of the wrong theme.
const systemThemeScript = `(function(){try{if(window.matchMedia('(prefers-color-scheme: dark)').matches)document.documentElement.classList.add('dark')}catch(e){}})()`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  // The per-request CSP nonce from proxy.ts: inline scripts without it do not run.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html
      lang="en"
      className={theme === "dark" ? "dark" : undefined}
      data-theme={theme}
      suppressHydrationWarning
    >
      <head>
        {theme === "system" ? (
          // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script, no user input
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: systemThemeScript }} />
        ) : null}
      </head>
      <body className="min-h-dvh">
        {children}
        <Toaster richColors closeButton position="top-right" />
      </body>
    </html>
  );
}
