# Shared by every script in scripts/: find a JDK >= 22 and, when asked, jextract.
# Source it; it defines functions and sets nothing else.

# The oldest JDK the library serves: java.lang.foreign is final from 22.
PANAMA_MIN_JDK=22

panama_root() {
  cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd
}

# Prints the feature version (17, 22, 25, ...) of the java binary given, or nothing.
jdk_feature_version() {
  local java="$1" v
  [ -x "$java" ] || return 1
  v=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  [ -n "$v" ] || return 1
  echo "${v%%.*}"
}

# Sets JAVA_HOME to the first JDK >= 22 found in JAVA_HOME, then on PATH, then in the usual install
# folders (newest name first). Says clearly, and fails, when there is none.
find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  while IFS= read -r c; do candidates+=("$c"); done < <(
    ls -d /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
          "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -V -r)
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/javac" ] || continue
    v=$(jdk_feature_version "$c/bin/java") || continue
    if [ "$v" -ge "$PANAMA_MIN_JDK" ]; then
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "panama-sockets needs a JDK $PANAMA_MIN_JDK or newer, and none was found in JAVA_HOME, on PATH or under /usr/lib/jvm, /usr/java, /opt; install one (e.g. Temurin 25) or point JAVA_HOME at it." >&2
  return 1
}

# Prints the path of a jextract launcher: $JEXTRACT, then PATH, then /opt/jextract/bin/jextract.
find_jextract() {
  if [ -n "${JEXTRACT:-}" ] && [ -x "$JEXTRACT" ]; then echo "$JEXTRACT"; return 0; fi
  if command -v jextract >/dev/null 2>&1; then command -v jextract; return 0; fi
  for c in /opt/jextract/bin/jextract "$HOME"/jextract*/bin/jextract; do
    [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}

# Runs Maven with the JDK found above, quietly unless PANAMA_VERBOSE is set.
run_maven() {
  local quiet=(-q)
  [ -n "${PANAMA_VERBOSE:-}" ] && quiet=()
  # Maven 3.8's own libraries use sun.misc.Unsafe, which JDK 24+ warns about on every run; allow it quietly.
  if [ "$(jdk_feature_version "$JAVA_HOME/bin/java")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  mvn -B -Dstyle.color=never "${quiet[@]}" -f "$(panama_root)/pom.xml" "$@"
}

# The JVM flags that grant native access to the library's module, and on JDK 24+ make a missing grant an error.
native_access_flags() {
  local flags="--enable-native-access=io.github.panamasockets"
  if [ "$(jdk_feature_version "$JAVA_HOME/bin/java")" -ge 24 ]; then
    flags="$flags --illegal-native-access=deny"
  fi
  echo "$flags"
}

# Prints a platform's args file without comments and blank lines, with each line `@file` replaced by the
# lines of that file (in the same folder), so that platforms share one allow-list.
expand_args() {
  local dir="$1" file="$2" line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    case "$line" in
      ''|'#'*) ;;
      @*) expand_args "$dir" "$dir/${line#@}" ;;
      *) echo "$line" ;;
    esac
  done < "$file"
}

# Writes the SHA-256 manifest of a generated package: every .java file with its hash, relative to the source root.
write_manifest() {
  local src_root="$1" package_path="$2" manifest="$3"
  mkdir -p "$(dirname "$manifest")"
  (cd "$src_root" && find "$package_path" -type f -name '*.java' | LC_ALL=C sort | xargs sha256sum) > "$manifest"
}
