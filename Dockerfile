# Prism's production image: one image for app instances, workers and the one-shot migration.
#   docker build -t prism .
#   docker run -p 3000:3000 -v prism-data:/app/.data prism          (embedded database, one process)
# compose.yaml runs it as a fleet on PostgreSQL and Redis; docs/deploy.md explains every variable.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx next build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
# The server and workers run TypeScript entry points through tsx, so the installed tree is kept whole.
COPY --from=build /app /app
RUN mkdir -p /app/.data && chown -R node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Stops gracefully on SIGTERM: readiness turns 503, queued usage rows are written, workers finish steps.
STOPSIGNAL SIGTERM
CMD ["npx", "tsx", "server.ts", "-p", "3000"]
