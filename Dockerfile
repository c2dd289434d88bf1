# itlkit in a container, for laptops that are not Debian (Windows, macOS):
#
#   docker build -t itlkit .
#   docker run --rm -v "$PWD:/case" itlkit itl-show /case/ITLFile.tlv
#
# The case folder is mounted on /case, the working folder, so relative
# names work too (itl-show ITLFile.tlv).  See the README, "Docker".

# ---- build: the project's own steps, as on a Debian 12 machine.
FROM debian:12-slim AS build
# make and a C compiler; `make deps' installs the libraries it needs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends make gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make deps DEPS=build \
 && make -j"$(nproc)" \
 && make install DESTDIR=/staging PREFIX=/usr/local

# ---- run: the runtime libraries and the installed files, nothing else.
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
	libssl3 libarchive13 libyaml-0-2 libexpat1 libjansson4 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /staging/usr/local/ /usr/local/
# Evidence is hostile: the tools run as an ordinary user, whose home (and
# shell history) is not the case folder.  On a Linux host,
# docker run --user "$(id -u):$(id -g)" makes what they write yours.
RUN useradd --uid 1000 --user-group --create-home itlkit
USER itlkit
WORKDIR /case
CMD ["bash"]
