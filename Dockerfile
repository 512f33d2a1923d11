# One image, three entry points (api, worker, cli): the same code built once.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/datasets ./datasets
COPY --from=build /app/catalogs ./catalogs
COPY --from=build /app/scripts ./scripts
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
