/**
 * A program that uses panama-sockets as any project would, from the outside: compiled with plain javac against
 * the packaged jar. This file makes it a named module; without it the same class runs on the class path.
 */
module example.consumer {
    requires io.github.panamasockets;
}
