#!/usr/bin/env bash
# The image has no base (no distribution, nothing to pull): this copies into its root what the
# jlink'ed runtime loads from the system, taken from the building machine at the same paths: the
# C library and its loader, zlib, and the libraries of Java's headless AWT (FreeType, fontconfig,
# image codecs), found with ldd; the C and C++ runtime that the native code inside Spark's jars
# needs (zstd, snappy, lz4, RocksDB, extracted at run time); the few programs Spark and Hadoop run
# (rm for deleting directories, chmod and ls for local file permissions, id and groups for the
# user's groups, bash and sh for Hadoop's shell commands); fontconfig's configuration and the
# DejaVu fonts for the text in the plots; nsswitch.conf for host names. The X11 and sound
# libraries stay out (headless).
#
#   native-libraries.sh IMAGE_ROOT
set -euo pipefail

root=$1
binaries=("$root"/opt/java/bin/*)
while IFS= read -r so; do binaries+=("$so"); done < <(find "$root/opt/java/lib" -name '*.so' \
  ! -name libawt_xawt.so ! -name libjsound.so ! -name libsplashscreen.so)
# fontconfig is opened at run time (dlopen), not linked
fontconfig=$(ldconfig -p | awk '$1 == "libfontconfig.so.1" { print $NF; exit }')
[ -n "$fontconfig" ] && binaries+=("$fontconfig")

# the programs, where the building machine has them
mkdir -p "$root/usr/bin" "$root/bin"
for program in bash sh rm chmod ls id groups; do
  path=$(command -v "$program")
  cp -L "$path" "$root/usr/bin/$program"
  cp -L "$path" "$root/bin/$program"
  binaries+=("$path")
done
# the C and C++ runtime libraries that native code inside jars links to
for name in libpthread.so.0 libdl.so.2 librt.so.1 libm.so.6 libstdc++.so.6 libgcc_s.so.1 libresolv.so.2; do
  path=$(ldconfig -p | awk -v n="$name" '$1 == n && /x86-64|64bit/ { print $NF; exit }')
  [ -n "$path" ] && binaries+=("$path") && { mkdir -p "$root$(dirname "$path")"; cp -L "$path" "$root$path"; }
done

for binary in "${binaries[@]}"; do
  ldd "$binary" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
done | grep -v "^$root" | sort -u | while IFS= read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
[ -n "$fontconfig" ] && { mkdir -p "$root$(dirname "$fontconfig")"; cp -L "$fontconfig" "$root$fontconfig"; }

if [ -d /etc/fonts ] && [ -d /usr/share/fonts/truetype/dejavu ]; then
  mkdir -p "$root/etc" "$root/usr/share/fonts/truetype"
  cp -rL /etc/fonts "$root/etc/"
  cp -rL /usr/share/fonts/truetype/dejavu "$root/usr/share/fonts/truetype/"
else
  echo "native-libraries.sh: no fontconfig or DejaVu fonts here (apt-get install fonts-dejavu-core): the image's plots will have no text" >&2
fi
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
