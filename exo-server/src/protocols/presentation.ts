import {
  WpPresentationResource,
  type WpPresentationFeedbackResource,
} from '../../../protos/gen/server/presentation-time.js';
import { WpPresentationFeedbackKind } from '../../../protos/gen/spec/presentation-time.js';
import { monotonicNs } from '../backend/frame-clock.js';
import type { Exo } from '../exo.js';
import type { FrameFeedback } from '../surface/surface-state.js';
import type { Surface } from '../surface/surface.js';
import { surfaceFromResource } from './compositor.js';

/** wp_presentation.clock_id: the clock of every timestamp we send (libuv's hrtime is CLOCK_MONOTONIC). */
const CLOCK_MONOTONIC = 1;
const NS_PER_S = 1_000_000_000n;
const TWO_32 = 0x1_0000_0000;

/**
 * wp_presentation (v1): tells clients when a commit reached the screen. The frame clock
 * repaints and then calls Surface.frameDone, which reports each waiting feedback as
 * presented; a commit replaced before it was shown (or a surface that is not on screen)
 * reports discarded. Our "screen" is the headless framebuffer: the timestamp is the moment
 * the repaint finished, and the only flag is vsync (frames follow the clock's fixed ticks).
 */
export function registerPresentation(exo: Exo): void {
  exo.display.createGlobal(WpPresentationResource, 1, (presentation) => {
    presentation.setHandler({
      feedback: (_r, surfaceResource, callback) => {
        const surface = surfaceFromResource(surfaceResource);
        callback.setHandler({});
        surface.pending.feedbacks.push(presentationFeedback(surface, callback));
      },
    });
    presentation.sendClockId(CLOCK_MONOTONIC);
  });
}

function presentationFeedback(surface: Surface, callback: WpPresentationFeedbackResource): FrameFeedback {
  return {
    presented: (_timeMs, refreshNs, seq) => {
      if (callback.destroyed) return;
      // A surface without a place on the desktop was not shown, whatever the clock did.
      if (!surface.mapped) {
        callback.sendDiscarded();
        return;
      }
      const now = monotonicNs();
      const sec = Number(now / NS_PER_S);
      const nsec = Number(now % NS_PER_S);
      const seqHi = Math.floor(seq / TWO_32) >>> 0;
      // sendPresented destroys the feedback object, as the protocol says.
      callback.sendPresented(
        Math.floor(sec / TWO_32) >>> 0,
        sec >>> 0,
        nsec,
        refreshNs >>> 0,
        seqHi,
        seq >>> 0,
        WpPresentationFeedbackKind.Vsync,
      );
    },
    discarded: () => {
      if (!callback.destroyed) callback.sendDiscarded();
    },
  };
}
