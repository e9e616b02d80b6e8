package scratchnet.core;

/**
 * The SIMD switch, the one place that decides whether the JDK's Vector API runs the float32
 * kernels (the forward pass, training's row operations, the normalisation of pixels): it does when
 * the JVM has the module ({@code --add-modules jdk.incubator.vector}, which {@code submit.sh} and
 * the executors' settings add) and {@code -Dscratchnet.simd=false} does not turn it off. The plain
 * loops that stand in for it give the same bits.
 */
public final class Simd {
    /** Whether this JVM runs the SIMD kernels. */
    public static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("scratchnet.simd"));

    private Simd() {
    }
}
