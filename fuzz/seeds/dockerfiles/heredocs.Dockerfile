FROM alpine:3.20
RUN <<EOF
set -eux
apk add --no-cache curl
EOF
COPY <<-CONF /etc/app.conf
	key = value
	CONF
RUN <<A cat > /a && <<B cat > /b
a
A
b
B
ONBUILD RUN echo later
