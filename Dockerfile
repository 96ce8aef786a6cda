# One image for the gateway and every subgraph; docker-compose.yml picks the entry point.
# Node 24 LTS: what CI runs (.ci/run) and what the dependencies ask for (package.json engines).
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when its prebuilt binary cannot be downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1 HOST=0.0.0.0
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
# The code stays root's, read-only to the service. The service writes only the access packages
# (/packages, a volume: a named volume takes the owner of the folder it is mounted on) and
# DATA_DIR (/app/data): those two belong to `node`, the image's unprivileged user (uid 1000).
RUN mkdir -p /packages /app/data && chown node:node /packages /app/data
USER node
CMD ["node", "dist/gateway/main.js"]
