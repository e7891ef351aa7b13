# Image for services/gateway. Build context: the repo root (every workspace's package.json is needed for the frozen install).
FROM oven/bun:1.4.5
WORKDIR /app
COPY package.json bun.lock bunfig.toml ./
COPY services/shared/package.json services/shared/
COPY services/server/package.json services/server/
COPY services/gateway/package.json services/gateway/
COPY db/package.json db/
COPY web/package.json web/
RUN bun install --frozen-lockfile
COPY tsconfig.json ./
COPY services services
COPY db db
COPY web web

ENV NODE_ENV=production PORT=9000
EXPOSE 9000
CMD ["bun", "services/gateway/src/main.ts"]
