import type { NextConfig } from "next";

// Its own config, so Next does not walk up to the platform's next.config.ts. Like the
// platform, it answers /shop/webhook/ without redirecting to the slashless spelling.
const config: NextConfig = { poweredByHeader: false, skipTrailingSlashRedirect: true };

export default config;
