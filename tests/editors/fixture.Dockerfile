FROM alpine:3.20
MAINTAINER someone@example.com
RUNN echo hello
# hadolint ignore=DL4000
RUN echo done
