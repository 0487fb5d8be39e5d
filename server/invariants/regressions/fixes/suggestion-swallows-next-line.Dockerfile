\LABEL a=b \
RUN echo é \
  && 😀 done
