/** How hard a player must hit for full volume. */
export const VELOCITY_CURVES = ['soft', 'linear', 'hard'] as const;
export type VelocityCurve = (typeof VELOCITY_CURVES)[number];

const EXPONENT: Record<VelocityCurve, number> = { soft: 0.6, linear: 1.4, hard: 2.2 };

/**
 * Velocity 1…127 to a linear gain. "linear" is a gentle power curve because
 * a straight line in amplitude sounds compressed at low velocities.
 */
export function velocityGain(velocity: number, curve: VelocityCurve, track = 1): number {
  const normalised = Math.min(127, Math.max(0, velocity)) / 127;
  return 1 - track + track * Math.pow(normalised, EXPONENT[curve]);
}
