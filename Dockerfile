# syntax=docker/dockerfile:1
#
# charterbot in a container: a static Go binary on distroless.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t charterbot .
#   docker run -d --name charterbot -v charterbot-data:/data -p 8080:8080 \
#     -e DISCORD_TOKEN=... charterbot                 # gateway mode
#   docker run ... -e CHARTERBOT_DISCORD_MODE=http -e DISCORD_PUBLIC_KEY=... charterbot   # HTTP interactions
#   docker run ... -e DISCORD_TOKEN_FILE=/run/secrets/discord_token ...            # secrets from files
#   docker exec charterbot /charterbot stats           # the question log, from /data
#
# dockerfile_test.go parses this file and builds its `go build` line.

ARG GO_VERSION=1.26

# --- build: a static binary (no cgo: Bleve, SQLite and PDF are pure Go) ---
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first, so that a change to the code does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
ENV CGO_ENABLED=0 GOFLAGS=-buildvcs=false
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -trimpath -ldflags "-s -w -X charterbot/cli.version=${VERSION}" -o /out/charterbot .
# The data volume's mount point, owned by the runtime user: a new named
# volume takes its owner from here, so the bot can write its index and log.
RUN mkdir -p /out/data

# --- runtime: distroless static, non-root, with CA certificates and tzdata ---
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
LABEL org.opencontainers.image.title="charterbot" \
      org.opencontainers.image.description="Discord assistant for the Liptako-Gourma Charter: verbatim quotes and citations" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /out/charterbot /charterbot
COPY --from=build --chown=65532:65532 /out/data /data
# /healthz, /readyz and /metrics listen here in both modes; in HTTP-
# interactions mode (CHARTERBOT_DISCORD_MODE=http) Discord POSTs here too.
ENV CHARTERBOT_DATA_DIR=/data CHARTERBOT_HTTP_ADDR=:8080
VOLUME /data
EXPOSE 8080
# 65532 is distroless's "nonroot"; numeric so that Kubernetes' runAsNonRoot
# can check it.
USER 65532:65532
# Exec form: there is no shell here. healthcheck GETs /healthz on
# CHARTERBOT_HTTP_ADDR's port. The start period covers a first index build.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/charterbot", "healthcheck"]
ENTRYPOINT ["/charterbot"]
CMD ["serve"]
