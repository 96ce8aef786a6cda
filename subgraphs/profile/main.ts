import '../../common/tracing-start';
import 'reflect-metadata';
import { runSubgraph } from '../../common/run-subgraph';
import { profileSubgraph } from './profile.subgraph';

void runSubgraph(profileSubgraph);
