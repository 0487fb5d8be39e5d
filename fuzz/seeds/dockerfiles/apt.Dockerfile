FROM ubuntu:latest
MAINTAINER someone@example.com
RUN apt-get update && apt-get install python3 curl
RUN cd /tmp && wget http://example.com/x.tar.gz | tar xz
ADD https://example.com/tool.tar.gz /opt/
ENV DEBIAN_FRONTEND noninteractive
ENV API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB
RUNN echo typo
CMD python3 app.py
