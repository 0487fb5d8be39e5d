FROM alpine:3.20

RUN apk add --no-cache build-base ruby-dev
RUN gem install nokogiri

# tools for later
RUN apk add --no-cache curl tini

WORKDIR /app
COPY . .
ENTRYPOINT ["/sbin/tini", "--", "ruby", "app.rb"]
