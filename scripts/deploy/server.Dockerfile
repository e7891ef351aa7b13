# Image for services/server. Build context: the repo root (every workspace's package.json is needed for the frozen install).
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
# The server also serves the built tenant web app (web/dist).
RUN bun run --cwd web build
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
CMD ["bun", "services/server/src/main.ts"]
