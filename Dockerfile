# syntax=docker/dockerfile:1
#
# charterbot in a container: a static Go binary on distroless.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t charterbot .
#   docker run -d --name charterbot -v charterbot-data:/data -p 8080:8080 \
#     -e DISCORD_TOKEN=... charterbot                 # gateway mode
#   docker run ... charterbot serve --http :8080       # HTTP-interactions mode
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
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/charterbot .
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
ENV CHARTERBOT_DATA_DIR=/data
VOLUME /data
# HTTP interactions (serve --http :8080) and the health endpoint.
EXPOSE 8080
# 65532 is distroless's "nonroot"; numeric so that Kubernetes' runAsNonRoot
# can check it.
USER 65532:65532
# No HEALTHCHECK yet: in gateway mode (the default) nothing listens on 8080.
# Once serve answers /healthz, add (exec form: there is no shell here):
#   HEALTHCHECK --interval=30s --timeout=5s CMD ["/charterbot", "healthcheck"]
ENTRYPOINT ["/charterbot"]
CMD ["serve"]
