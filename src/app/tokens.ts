/** Injection tokens for values created before Nest starts. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const SECRET_BOX = Symbol('SECRET_BOX');
