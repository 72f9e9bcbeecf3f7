# Sourced by ./mvnw: Sluice builds with a JDK >= 21. When JAVA_HOME is unset and the default `java`
# is older, pick the newest JDK >= 21 found under /usr/lib/jvm (e.g. Temurin 25 on the dev machines).
if [ -z "${JAVA_HOME:-}" ]; then
  _sluice_java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
  if [ -z "$_sluice_java_major" ] || [ "$_sluice_java_major" -lt 21 ] 2>/dev/null; then
    for _sluice_jdk in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort -rV); do
      _sluice_jdk="${_sluice_jdk}/"
      _sluice_rel="${_sluice_jdk}release"
      [ -x "${_sluice_jdk}bin/javac" ] && [ -f "$_sluice_rel" ] || continue
      _sluice_v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$_sluice_rel")
      if [ -n "$_sluice_v" ] && [ "$_sluice_v" -ge 21 ]; then
        export JAVA_HOME="${_sluice_jdk%/}"
        break
      fi
    done
  fi
  unset _sluice_java_major _sluice_jdk _sluice_rel _sluice_v
fi
