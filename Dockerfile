# syntax=docker/dockerfile:1
# xerofix in a container: built in one stage, run in a slim one as an unprivileged user.
#   docker build -t xerofix .
#   docker run -p 3000:3000 -v xerofix-data:/app/data xerofix
# See compose.yaml for PostgreSQL and two instances behind one port.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Compilers for better-sqlite3, in case no prebuilt binary fits this platform.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dependencies first (cached while only the sources change); the build runs below.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY bench ./bench
COPY scripts ./scripts
COPY test/support ./test/support
COPY knowledge ./knowledge
COPY slack ./slack
# Compiles TypeScript and builds knowledge/index.json; then drops the dev dependencies.
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_URL=sqlite:/app/data/xerofix.db \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/knowledge ./knowledge
COPY --from=build --chown=root:root /app/slack ./slack
# The code is root's and read-only to the process; only its data folder is its own (0700).
RUN mkdir -p /app/data && chown node:node /app/data && chmod 700 /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/xerofix.js", "serve"]
