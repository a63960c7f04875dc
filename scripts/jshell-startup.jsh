// panama-sockets in jshell: loaded by scripts/jshell after jshell's DEFAULT imports.
// The raw generated bindings, as C names them: socket(AF_INET(), SOCK_STREAM(), 0), sockaddr_in.sin_port(sa, ...).
import static io.github.panamasockets.bindings.linux.x86_64.sockets_h.*;
import io.github.panamasockets.bindings.linux.x86_64.*;
// The idiomatic layer: PosixSocket, SockaddrIn, Posix (the raw calls with errno), Errno, ArpaInet, ...
// Its constants are fields (AF_INET), the bindings' are methods (AF_INET()): both imports live side by side.
// ArpaInet is not imported statically: its htons/htonl would clash with the bindings' of the same names.
import io.github.panamasockets.*;
import static io.github.panamasockets.SocketConstants.*;
import java.lang.foreign.*;
