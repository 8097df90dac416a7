/**
 * Draws surfaces with WebGL through ONE shared context, whatever the number of windows:
 * Chromium allows about 16 live WebGL contexts per page and loses the oldest beyond that, so a
 * context per surface (or per window) breaks on a busy desktop. Each surface keeps a texture in
 * the shared context (the page's copy of its pixels); damaged rectangles go to it with
 * texSubImage2D, then the surface is drawn into the shared OffscreenCanvas and handed to the
 * surface's own <canvas> (a `bitmaprenderer` context) as an ImageBitmap, without a copy.
 *
 * Pixels arrive as exo's clients drew them: premultiplied B,G,R,A bytes (wl_shm ARGB8888),
 * which the shader swizzles; the context composites premultiplied, so nobody un-premultiplies.
 */

const VERTEX = `#version 300 es
in vec2 p;
void main() { gl_Position = vec4(p, 0.0, 1.0); }`;

/** Buffer row 0 is the top: flip gl_FragCoord (origin bottom-left) to read it. */
const FRAGMENT = `#version 300 es
precision mediump float;
uniform sampler2D tex;
uniform bool opaque;
out vec4 color;
void main() {
  ivec2 size = textureSize(tex, 0);
  vec4 c = texelFetch(tex, ivec2(int(gl_FragCoord.x), size.y - 1 - int(gl_FragCoord.y)), 0).bgra;
  color = opaque ? vec4(c.rgb, 1.0) : c;
}`;

interface SurfaceTexture {
  texture: WebGLTexture;
  width: number;
  height: number;
  opaque: boolean;
}

export class GlRenderer {
  private readonly canvas = new OffscreenCanvas(1, 1);
  private readonly gl: WebGL2RenderingContext;
  private readonly textures = new Map<number, SurfaceTexture>();
  private program!: WebGLProgram;
  private opaqueLoc!: WebGLUniformLocation | null;
  /** For scaled JPEGs: a texture and framebuffers to blit from it. */
  private scratch: { texture: WebGLTexture; read: WebGLFramebuffer; draw: WebGLFramebuffer } | null = null;

  /**
   * Throws if WebGL 2 is unavailable, or only in software unless `allowSoftware` (see
   * surfaces.ts). `onLost`/`onRestored` follow the shared context.
   */
  constructor(allowSoftware: boolean, onLost: () => void, onRestored: () => void) {
    const gl = this.canvas.getContext('webgl2', {
      alpha: true,
      premultipliedAlpha: true,
      antialias: false,
      depth: false,
      stencil: false,
      preserveDrawingBuffer: false,
      powerPreference: 'high-performance',
    });
    if (!gl) throw new Error('WebGL 2 is unavailable');
    if (!allowSoftware && softwareRenderer(gl)) {
      gl.getExtension('WEBGL_lose_context')?.loseContext(); // give the context back now
      throw new Error('WebGL 2 runs in software only');
    }
    this.gl = gl;
    this.canvas.addEventListener('webglcontextlost', (e) => {
      e.preventDefault(); // lets the browser restore it
      this.textures.clear();
      this.scratch = null;
      onLost();
    });
    this.canvas.addEventListener('webglcontextrestored', () => {
      this.scratch = null;
      this.setup();
      onRestored();
    });
    this.setup();
  }

  get lost(): boolean {
    return this.gl.isContextLost();
  }

  private setup(): void {
    const gl = this.gl;
    const program = gl.createProgram()!;
    for (const [type, src] of [
      [gl.VERTEX_SHADER, VERTEX],
      [gl.FRAGMENT_SHADER, FRAGMENT],
    ] as const) {
      const s = gl.createShader(type)!;
      gl.shaderSource(s, src);
      gl.compileShader(s);
      gl.attachShader(program, s);
    }
    gl.bindAttribLocation(program, 0, 'p');
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS) && !gl.isContextLost())
      throw new Error(`WebGL program: ${gl.getProgramInfoLog(program)}`);
    gl.useProgram(program);
    this.program = program;
    this.opaqueLoc = gl.getUniformLocation(program, 'opaque');
    gl.uniform1i(gl.getUniformLocation(program, 'tex'), 0);
    const quad = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, quad);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    gl.disable(gl.BLEND);
  }

  /** The surface's texture, (re)allocated at the buffer's size (the server re-sends it whole). */
  private textureOf(id: number, width: number, height: number, opaque: boolean): SurfaceTexture {
    const gl = this.gl;
    let t = this.textures.get(id);
    if (!t || t.width !== width || t.height !== height) {
      if (t) gl.deleteTexture(t.texture);
      const texture = gl.createTexture()!;
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, width, height);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      t = { texture, width, height, opaque };
      this.textures.set(id, t);
    }
    t.opaque = opaque;
    gl.bindTexture(gl.TEXTURE_2D, t.texture);
    return t;
  }

  /** Puts one damaged rectangle (raw B,G,R,A bytes or a decoded JPEG) into a surface's texture. */
  upload(
    id: number,
    bufferWidth: number,
    bufferHeight: number,
    opaque: boolean,
    x: number,
    y: number,
    w: number,
    h: number,
    pixels: Uint8Array | ImageBitmap,
  ): void {
    const gl = this.gl;
    const t = this.textureOf(id, bufferWidth, bufferHeight, opaque);
    if (pixels instanceof Uint8Array)
      gl.texSubImage2D(gl.TEXTURE_2D, 0, x, y, w, h, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    else if (pixels.width === w && pixels.height === h)
      gl.texSubImage2D(gl.TEXTURE_2D, 0, x, y, w, h, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    else this.blitScaled(t.texture, x, y, w, h, pixels);
  }

  /** A scaled-down JPEG: through a scratch texture, blitted (bilinear) onto the rectangle. */
  private blitScaled(
    target: WebGLTexture,
    x: number,
    y: number,
    w: number,
    h: number,
    image: ImageBitmap,
  ): void {
    const gl = this.gl;
    this.scratch ??= {
      texture: gl.createTexture()!,
      read: gl.createFramebuffer()!,
      draw: gl.createFramebuffer()!,
    };
    const { texture, read, draw } = this.scratch;
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, image);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, read);
    gl.framebufferTexture2D(gl.READ_FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, draw);
    gl.framebufferTexture2D(gl.DRAW_FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, target, 0);
    // Both are textures with row 0 at the top: no flip.
    gl.blitFramebuffer(0, 0, image.width, image.height, x, y, x + w, y + h, gl.COLOR_BUFFER_BIT, gl.LINEAR);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, null);
  }

  /** Draws a surface's texture into its canvas. */
  present(id: number, target: HTMLCanvasElement): void {
    const t = this.textures.get(id);
    const ctx = target.getContext('bitmaprenderer');
    if (!t || !ctx || this.gl.isContextLost()) return;
    const gl = this.gl;
    if (this.canvas.width !== t.width || this.canvas.height !== t.height) {
      this.canvas.width = t.width;
      this.canvas.height = t.height;
    }
    gl.viewport(0, 0, t.width, t.height);
    gl.bindTexture(gl.TEXTURE_2D, t.texture);
    gl.uniform1i(this.opaqueLoc, t.opaque ? 1 : 0);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    ctx.transferFromImageBitmap(this.canvas.transferToImageBitmap());
  }

  drop(id: number): void {
    const t = this.textures.get(id);
    if (t) this.gl.deleteTexture(t.texture);
    this.textures.delete(id);
  }
}

/** Whether the context is rasterized on the CPU (Chromium's SwiftShader, Mesa's llvmpipe). */
function softwareRenderer(gl: WebGL2RenderingContext): boolean {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|softpipe|software/i.test(name);
}
