import { describe, expect, it } from 'vitest';
import { DragDepth } from './dragDepth.ts';

describe('DragDepth', () => {
  it('stays inside while the drag crosses from child to child', () => {
    const depth = new DragDepth();
    expect(depth.enter()).toBe(true); // the composer's To field
    expect(depth.enter()).toBe(true); // the Subject field, entered before To is left
    expect(depth.leave(null)).toBe(true); // To left
    expect(depth.enter()).toBe(true); // the body
    expect(depth.leave(null)).toBe(true); // Subject left
    expect(depth.leave(null)).toBe(false); // the body left, towards the message list
  });

  it('is outside once relatedTarget says the drag went outside, whatever the count', () => {
    const depth = new DragDepth();
    depth.enter();
    depth.enter();
    expect(depth.leave(false)).toBe(false);
    // And counts afresh from there.
    expect(depth.enter()).toBe(true);
    expect(depth.leave(null)).toBe(false);
  });

  it('counts a leave towards a child like any other', () => {
    const depth = new DragDepth();
    depth.enter(); // the Subject field
    depth.enter(); // the body, its dragenter before the Subject's dragleave
    expect(depth.leave(true)).toBe(true); // Subject left for the body
    expect(depth.leave(false)).toBe(false); // the body left for the message list
  });

  it('starts over after a drop, and never goes below nothing', () => {
    const depth = new DragDepth();
    depth.enter();
    depth.enter();
    expect(depth.reset()).toBe(false);
    expect(depth.leave(null)).toBe(false);
    expect(depth.leave(null)).toBe(false);
    expect(depth.enter()).toBe(true);
    expect(depth.leave(null)).toBe(false);
  });
});
