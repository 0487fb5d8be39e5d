# syntax=docker/dockerfile:1.7
# A service with a Go API, a Node front end and a small runtime image.
ARG GO_VERSION=1.22.5
ARG NODE_VERSION=20.15.1

# Build the API and its health probe with the module and build caches mounted.
FROM golang:${GO_VERSION}-bookworm AS api-build
WORKDIR /src
ENV CGO_ENABLED=0 \
    GOFLAGS=-trimpath
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY cmd/ cmd/
COPY internal/ internal/
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -ldflags="-s -w" -o /out/api ./cmd/api \
    && go build -ldflags="-s -w" -o /out/health ./cmd/health

FROM node:${NODE_VERSION}-bookworm-slim AS web-build
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# The runtime image: the binaries, the static files and a config file.
FROM debian:12.5-slim AS runtime
ARG APP_VERSION=1.0.0
LABEL org.opencontainers.image.title="shop" \
      org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.source="https://example.com/shop"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update \
    && apt-get install -y --no-install-recommends \
       ca-certificates=20230311 \
       tzdata=2024a-0+deb12u1 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --no-log-init --system --uid 10001 --home-dir /srv/app shop
WORKDIR /srv/app
COPY --from=api-build /out/api /out/health ./bin/
COPY --from=web-build /web/dist ./public/
COPY --chmod=0644 <<EOF /etc/shop/config.toml
[server]
listen = "0.0.0.0:8080"
public_dir = "/srv/app/public"

[log]
level = "info"
EOF
ENV SHOP_CONFIG=/etc/shop/config.toml \
    TZ=UTC
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
    CMD ["/srv/app/bin/health"]
ENTRYPOINT ["/srv/app/bin/api"]
CMD ["--config", "/etc/shop/config.toml"]
