# hadolint ignore=DL3008
\RUN echo é \
  && 😀 done

