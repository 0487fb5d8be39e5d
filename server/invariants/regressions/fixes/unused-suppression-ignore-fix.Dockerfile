# hadolint ignore=DL3008
