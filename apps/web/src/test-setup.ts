import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The CI machine is shared and busy: give findBy*/waitFor room, so a slow render is not a failure.
configure({ asyncUtilTimeout: 5000 });
