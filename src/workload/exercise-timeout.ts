/** How long an exercise may run unless `--exercise-timeout` says otherwise (apart from exercise.ts, which spawns). */
export const DEFAULT_EXERCISE_TIMEOUT_S = 600;
