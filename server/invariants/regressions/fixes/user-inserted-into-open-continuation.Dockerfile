FROM debian:12
COPY app /usr/local/bin/app
CMD ["app"]
RUN apt-get update && apt-get install -y --no-install-recommends \
	curl \
# a comment line inside the continuation, then the end of the file
